import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationModule } from '../../shared/router';
import { routeItems } from '../../shared/router';
import type { FiskalySignDeMap, FiskalySignDeResource } from './node.type';
import * as client from './client/Client.resource';
import * as exportResource from './export/Export.resource';
import * as transaction from './transaction/Transaction.resource';
import * as tss from './tss/Tss.resource';

const operations: { [R in FiskalySignDeResource]: Record<FiskalySignDeMap[R], OperationModule> } = {
	tss,
	client,
	transaction,
	export: exportResource,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems.call(this, operations);
}
