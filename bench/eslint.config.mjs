// Local tooling, not shipped: n8n's rule set without the rules on what may run inside n8n (see ../eslint.tooling.mjs).
export { default } from '../eslint.tooling.mjs';
