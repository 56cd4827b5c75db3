import type { INodeProperties } from 'n8n-workflow';

import * as adminLogin from './adminLogin.operation';
import * as adminLogout from './adminLogout.operation';
import * as changeAdminPin from './changeAdminPin.operation';
import * as create from './create.operation';
import * as disable from './disable.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getHealth from './getHealth.operation';
import * as initialize from './initialize.operation';
import * as setUp from './setUp.operation';
import * as update from './update.operation';

export {
	adminLogin,
	adminLogout,
	changeAdminPin,
	create,
	disable,
	get,
	getAll,
	getHealth,
	initialize,
	setUp,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['tss'] } },
		options: [
			{
				name: 'Admin Login',
				value: 'adminLogin',
				description: 'Open an admin session on a TSS with its admin PIN',
				action: 'Log in as admin of a TSS',
			},
			{
				name: 'Admin Logout',
				value: 'adminLogout',
				description: 'Close the admin session on a TSS',
				action: 'Log out as admin of a TSS',
			},
			{
				name: 'Change Admin PIN',
				value: 'changeAdminPin',
				description: 'Set a new admin PIN with the PUK; this also unblocks a blocked PIN',
				action: 'Change the admin PIN of a TSS',
			},
			{
				name: 'Create',
				value: 'create',
				description: 'Create a TSS in the state CREATED; the output holds its admin PUK once',
				action: 'Create a TSS',
			},
			{
				name: 'Disable',
				value: 'disable',
				description: 'Disable a TSS for good',
				action: 'Disable a TSS',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a TSS',
				action: 'Get a TSS',
			},
			{
				name: 'Get Health',
				value: 'getHealth',
				description:
					'Check TSS state, usage against limits, certificate expiry and stale transactions, with warnings to alert on',
				action: 'Get the health of a TSS',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many TSS',
				action: 'Get many TSS',
			},
			{
				name: 'Initialize',
				value: 'initialize',
				description: 'Initialize a deployed TSS so it can sign',
				action: 'Initialize a TSS',
			},
			{
				name: 'Set Up',
				value: 'setUp',
				description:
					'Create, deploy, set the admin PIN and initialize a TSS in one step, ready to sign',
				action: 'Set up a TSS',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Add or change the metadata of a TSS',
				action: 'Update a TSS',
			},
		],
		default: 'setUp',
	},
	...adminLogin.description,
	...adminLogout.description,
	...changeAdminPin.description,
	...create.description,
	...disable.description,
	...get.description,
	...getAll.description,
	...getHealth.description,
	...initialize.description,
	...setUp.description,
	...update.description,
];
