import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationModule } from '../../shared/router';
import { routeItems } from '../../shared/router';
import type { FiskalySubmitDeMap, FiskalySubmitDeResource } from './node.type';
import * as clientAdditionalData from './clientAdditionalData/ClientAdditionalData.resource';
import * as establishment from './establishment/Establishment.resource';
import * as submission from './submission/Submission.resource';
import * as taxpayer from './taxpayer/Taxpayer.resource';

const operations: {
	[R in FiskalySubmitDeResource]: Record<FiskalySubmitDeMap[R], OperationModule>;
} = { taxpayer, establishment, clientAdditionalData, submission };

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems.call(this, operations);
}
