export { AppConfig } from './app-config';
export { loadConfig, ConfigError } from './load-config';
export { readProcessEnv } from './process-env';
export { resolveGeneratedSecrets, GeneratedSecretsReport } from './generated-secrets';
