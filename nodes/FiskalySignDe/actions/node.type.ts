/** Operation values per resource, exactly as stored in workflows. */
export type FiskalySignDeMap = {
	tss:
		| 'create'
		| 'setUp'
		| 'get'
		| 'getAll'
		| 'getHealth'
		| 'update'
		| 'initialize'
		| 'disable'
		| 'changeAdminPin'
		| 'adminLogin'
		| 'adminLogout';
	client: 'create' | 'get' | 'getAll' | 'update';
	transaction:
		| 'start'
		| 'update'
		| 'finish'
		| 'cancel'
		| 'cancelStale'
		| 'signReceipt'
		| 'get'
		| 'getAll'
		| 'updateMetadata'
		| 'verify';
	export: 'trigger' | 'get' | 'getAll' | 'cancel' | 'download' | 'updateMetadata' | 'verifyFile';
};

export type FiskalySignDeResource = keyof FiskalySignDeMap;
