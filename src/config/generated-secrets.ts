import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppConfig } from './app-config';

export interface GeneratedSecretsReport {
  adminKeyFile?: string;
  adminKeyCreated?: string;
  encryptionKeyFile?: string;
}

/**
 * Quick start without variables: the operator key and a dev encryption key are generated once into
 * DATA_DIR (mode 0600) and reused on every later start, so restarts keep access and can decrypt.
 */
export function resolveGeneratedSecrets(config: AppConfig): {
  config: AppConfig;
  report: GeneratedSecretsReport;
} {
  const report: GeneratedSecretsReport = {};
  let adminApiKey = config.auth.adminApiKey;
  let encryptionKeys = config.crypto.encryptionKeys;
  if (!adminApiKey || !encryptionKeys) fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  if (!adminApiKey) {
    const file = path.join(config.dataDir, 'admin-key');
    report.adminKeyFile = file;
    if (fs.existsSync(file)) {
      adminApiKey = fs.readFileSync(file, 'utf8').trim();
    } else {
      adminApiKey = `pba_${randomBytes(32).toString('base64url')}`;
      fs.writeFileSync(file, `${adminApiKey}\n`, { mode: 0o600 });
      report.adminKeyCreated = adminApiKey;
    }
  }
  if (!encryptionKeys) {
    const file = path.join(config.dataDir, 'encryption-keys');
    report.encryptionKeyFile = file;
    if (fs.existsSync(file)) {
      encryptionKeys = fs.readFileSync(file, 'utf8').trim();
    } else {
      encryptionKeys = `dev1:${randomBytes(32).toString('base64')}`;
      fs.writeFileSync(file, `${encryptionKeys}\n`, { mode: 0o600 });
    }
  }
  return { config: config.with({ adminApiKey, encryptionKeys }), report };
}
