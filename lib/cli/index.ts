export { processIo, runCli, type CliApp, type CliIo, type CliSynth } from './main';
export { STARTER_PRESETS, starterPolicy } from './init';
