/** Operation values per resource, exactly as stored in workflows. */
export type FiskalyDsfinvkMap = {
	cashRegister: 'upsert' | 'get' | 'getAll';
	cashPointClosing: 'insert' | 'get' | 'getDetails' | 'getAll' | 'delete';
	export: 'trigger' | 'get' | 'getAll' | 'download' | 'getDownloadUrl';
	vatDefinition: 'upsert' | 'get' | 'getAll';
	purchaserAgency: 'upsert' | 'get' | 'getAll';
};

export type FiskalyDsfinvkResource = keyof FiskalyDsfinvkMap;

/**
 * Operations that read only their input and never call fiskaly, so the node asks for no
 * credential there. Export › Verify DSFinV-K Export (value `verify`) is one of them.
 */
export const OFFLINE_OPERATIONS = ['verify'];
