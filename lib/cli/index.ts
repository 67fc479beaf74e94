export { main, type CliIo } from './main';
export { STARTER_PRESETS, starterPolicy } from './init';
