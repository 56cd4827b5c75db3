import type { INodeProperties } from 'n8n-workflow';

/** Pieces shared by the TSS operations. */

export const tssIdField: INodeProperties = {
	displayName: 'TSS ID',
	name: 'tssId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6',
	description: 'UUID for the new TSS. Leave empty to generate one.',
};

export const ADMIN_PUK_NOTICE =
	'admin_puk is shown only once, while the TSS is CREATED. Store it securely now: it is the only way to set or unblock the admin PIN.';

export const ADMIN_PIN_NOTICE =
	'admin_pin was generated for this TSS and is not shown again. Store it securely now: admin operations (Initialize, Disable, Client › Create/Update) need it.';

export const TSS_STATES = [
	{ name: 'Created', value: 'CREATED' },
	{ name: 'Defective', value: 'DEFECTIVE' },
	{ name: 'Deleted', value: 'DELETED' },
	{ name: 'Disabled', value: 'DISABLED' },
	{ name: 'Evicted', value: 'EVICTED' },
	{ name: 'Initialized', value: 'INITIALIZED' },
	{ name: 'Uninitialized', value: 'UNINITIALIZED' },
];
