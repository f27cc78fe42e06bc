import type { Emitter } from '../emitter.js';

/** Placeholder until the guide generator lands (issue 3). */
export const docsEmitter: Emitter = {
  target: 'docs',
  prepare: () => ({ emitConnector: () => ({ files: [], diagnostics: [] }), emitIndex: () => ({ files: [], diagnostics: [] }) }),
};
