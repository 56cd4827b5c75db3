// Export routes (REFERENCE §4.6): trigger, retrieve, list, download (TAR or ZIP), download URL.

import { json, type Route } from '../core/route';
import { downloadExport, exportHref, getExport, listExports, triggerExport } from './exports';
import type { DsfinvkStore } from './store';

export const exportRoutes: Route<DsfinvkStore>[] = [
	{
		method: 'PUT',
		path: '/exports/{export_id}',
		operationId: 'triggerExport',
		body: 'required',
		handle: ({ state, params, body }) => json(triggerExport(state, params.export_id, body)),
	},
	{
		method: 'GET',
		path: '/exports/{export_id}',
		operationId: 'retrieveExport',
		handle: ({ state, params }) => json(getExport(state, params.export_id)),
	},
	{
		method: 'GET',
		path: '/exports',
		operationId: 'listExports',
		handle: ({ state, query }) => json(listExports(state, query)),
	},
	{
		method: 'GET',
		path: '/exports/{export_id}/download',
		operationId: 'getExportDownload',
		handle: ({ state, params }) => {
			const { archive, fileName } = downloadExport(state, params.export_id);
			return {
				binary: archive,
				contentType: 'application/octet-stream',
				headers: { 'content-disposition': `attachment; filename="${fileName}"` },
			};
		},
	},
	{
		method: 'GET',
		path: '/exports/{export_id}/href',
		operationId: 'getExportDownloadUrl',
		handle: ({ state, params }) => json(exportHref(state, params.export_id)),
	},
];
