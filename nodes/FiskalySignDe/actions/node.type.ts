import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

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

/** One operation file: its UI parameters and what it does for one input item. */
export interface OperationModule {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}
