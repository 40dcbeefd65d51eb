export { type DateOrder, formatAamvaDate, parseAamvaDate } from './dates.js';
export { encodeAamva } from './encode.js';
export { iinForJurisdiction, type Jurisdiction, jurisdictionForIin } from './jurisdictions.js';
export { MAX_PAYLOAD_LENGTH, parseAamva } from './parse.js';
export type { AamvaFields, AamvaProblem, AamvaResult, AamvaSubfile, EncodeAamvaOptions } from './types.js';
