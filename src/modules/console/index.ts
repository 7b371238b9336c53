export { CONSOLE_PREFIX, findConsoleRoot, serveConsole } from './serve-console';
