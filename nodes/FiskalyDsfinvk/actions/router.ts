import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationModule } from '../../shared/router';
import { routeItems } from '../../shared/router';
import type { FiskalyDsfinvkMap, FiskalyDsfinvkResource } from './node.type';
import * as cashPointClosing from './cashPointClosing/CashPointClosing.resource';
import * as cashRegister from './cashRegister/CashRegister.resource';
import * as exportResource from './export/Export.resource';
import * as purchaserAgency from './purchaserAgency/PurchaserAgency.resource';
import * as vatDefinition from './vatDefinition/VatDefinition.resource';

const operations: { [R in FiskalyDsfinvkResource]: Record<FiskalyDsfinvkMap[R], OperationModule> } =
	{
		cashRegister,
		cashPointClosing,
		export: exportResource,
		vatDefinition,
		purchaserAgency,
	};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems.call(this, operations);
}
