export { AppConfig } from './app-config';
export { loadConfig, ConfigError } from './load-config';
export { loadDotEnvFile, readProcessEnv } from './process-env';
export { resolveGeneratedSecrets, GeneratedSecretsReport } from './generated-secrets';
