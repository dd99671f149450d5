// The second bundle (dist/validator.js): the validator (zod, csv-parse, the schema and rules) and the
// commands that always need it. The CLI loads it only on a dataset-cache miss or for `npa validate`,
// so the common commands start without compiling it. See scripts/build.mjs.
export { loadDataset, requireValidDataset } from '../load/dataset.js';
export { runValidate } from '../commands/validate.js';
export { dictionaryMarkdown } from '../format/dictionary.js';
