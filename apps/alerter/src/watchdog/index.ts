export { loadWatchdogConfig, type WatchdogConfig, WatchdogDefaults } from './config.js';
