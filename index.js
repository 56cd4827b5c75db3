// n8n loads the nodes and credentials listed in package.json "n8n"; this entry point only exists so the
// package can be required without error.
module.exports = {};
