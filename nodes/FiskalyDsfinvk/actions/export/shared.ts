import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fiskalyApiRequest } from '../../../shared/transport';
import { exportProblem, isRunning } from '../../helpers/processing';
import { problemError, stillRunningError, waitWhileRunning } from '../waiting';

/** Pieces shared by the Export operations. */

export function exportPath(exportId: string): string {
	return `/exports/${exportId}`;
}

export async function getExport(
	ctx: IExecuteFunctions,
	exportId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(ctx, {
		api: 'dsfinvk',
		method: 'GET',
		path: exportPath(exportId),
		itemIndex,
	});
}

/** Waits until the export is COMPLETED; ERROR, EXPIRED, CANCELLED or Max Wait stop the node. */
export async function completedExport(
	ctx: IExecuteFunctions,
	exportId: string,
	first: IDataObject,
	itemIndex: number,
): Promise<IDataObject> {
	const exported = await waitWhileRunning(ctx, exportPath(exportId), first, itemIndex);
	if (isRunning(exported.state))
		throw stillRunningError(
			ctx,
			`Export ${exportId}`,
			exported,
			{ export_id: exportId },
			itemIndex,
		);
	const problem = exportProblem({ _id: exportId, ...exported });
	if (problem) throw problemError(ctx, problem, itemIndex);
	return exported;
}
