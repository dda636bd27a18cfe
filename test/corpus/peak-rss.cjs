// Preloaded with NODE_OPTIONS=--require: when the process ends, writes its peak resident set
// size (KiB) to the file PERS_MOCK_PEAK_RSS_FILE names, for the corpus table.
const file = process.env.PERS_MOCK_PEAK_RSS_FILE;
if (file) {
  process.on('exit', () => require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
