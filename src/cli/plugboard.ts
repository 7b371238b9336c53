#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { describeError, EXIT, exitCodeFor, UsageError } from './cli-errors';
import { Command, createContext, GLOBAL_OPTIONS } from './command';
import { adminReencryptCommand } from './commands/admin';
import { auditTailCommand } from './commands/audit';
import {
  deliveriesListCommand,
  deliveriesRedriveCommand,
  deliveriesShowCommand,
} from './commands/deliveries';
import { integrationsCreateCommand, integrationsListCommand } from './commands/integrations';
import { listenCommand } from './commands/listen';
import { loginCommand, logoutCommand, whoamiCommand } from './commands/login';
import { keysCreateCommand, orgsCreateCommand, orgsListCommand } from './commands/orgs';
import { providersCreateCommand } from './commands/providers';
import { createOutput } from './output';

/** Every command. */
const COMMANDS: Command[] = [
  loginCommand,
  logoutCommand,
  whoamiCommand,
  orgsCreateCommand,
  orgsListCommand,
  keysCreateCommand,
  providersCreateCommand,
  integrationsCreateCommand,
  integrationsListCommand,
  deliveriesListCommand,
  deliveriesShowCommand,
  deliveriesRedriveCommand,
  listenCommand,
  auditTailCommand,
  adminReencryptCommand,
];

const EXIT_CODES = `Exit codes: 0 done (listen, audit tail: stopped with Ctrl-C); 1 plugboard answered an error; 2 bad command
line; 3 not signed in or key refused (401/403); 4 plugboard unreachable; 5 finished, but some deliveries are
still DEAD.`;

function help(): string {
  const width = Math.max(...COMMANDS.map((command) => command.path.join(' ').length));
  return [
    'plugboard: the command line for a plugboard server',
    '',
    'Usage: plugboard <command> [flags]   (plugboard <command> --help for its flags)',
    '',
    ...COMMANDS.map((command) => `  ${command.path.join(' ').padEnd(width)}  ${command.summary}`),
    '',
    'Every command takes --json (machine-readable output on stdout) and --org <orgId> (default: the',
    'org of the stored org key). PLUGBOARD_URL, PLUGBOARD_API_KEY and PLUGBOARD_ORG_ID override the',
    'stored login.',
    '',
    EXIT_CODES,
  ].join('\n');
}

/** The command whose words start the command line (`plugboard deliveries redrive …`). */
function findCommand(argv: string[]): Command | undefined {
  return COMMANDS.find((command) => command.path.every((word, index) => argv[index] === word));
}

async function main(argv: string[]): Promise<number> {
  const output = createOutput(argv.includes('--json'));
  const command = findCommand(argv);
  const words = argv.filter((argument) => !argument.startsWith('-'));
  if (!command) {
    if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || words[0] === 'help') {
      output.line(help());
      return EXIT.ok;
    }
    output.error(`Unknown command: plugboard ${words.join(' ')}\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    const rest = argv.slice(command.path.length);
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      output.line(
        `Usage: plugboard ${command.path.join(' ')} ${command.usage}\n\n${command.summary}\n\n${EXIT_CODES}`,
      );
      return EXIT.ok;
    }
    return await command.run(createContext(output, values, positionals));
  } catch (error) {
    output.endProgress();
    const code =
      error instanceof TypeError && /^Unknown option|^Option/.test(error.message)
        ? EXIT.usage
        : exitCodeFor(error);
    const message =
      error instanceof UsageError || code === EXIT.usage
        ? `${describeError(error)} (plugboard ${command.path.join(' ')} --help)`
        : describeError(error);
    if (output.json) output.error(JSON.stringify({ error: { message, exitCode: code } }));
    else output.error(`plugboard: ${message}`);
    return code;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
