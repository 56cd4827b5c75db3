// The DSFinV-K v1 operations the simulator serves below /dsfinvk/api/v1 (REFERENCE §4.0); POST /auth is
// the core's. Paths marked [INFERRED] in the reference (details, href, GET of one VAT definition or
// purchaser agency) are served as inferred there.

import { json, type Route } from '../core/route';
import {
	CLOSING_BODY_LIMIT_BYTES,
	deleteClosing,
	getClosing,
	getClosingDetails,
	insertClosing,
	listClosings,
} from './closings';
import { exportRoutes } from './exportRoutes';
import {
	getCashRegister,
	getPurchaserAgency,
	getVatDefinition,
	listCashRegisters,
	listPurchaserAgencies,
	listVatDefinitions,
	upsertCashRegister,
	upsertPurchaserAgency,
	upsertVatDefinition,
} from './masterData';
import type { DsfinvkStore } from './store';

type DsfinvkRoute = Route<DsfinvkStore>;

const masterDataRoutes: DsfinvkRoute[] = [
	{
		method: 'PUT',
		path: '/cash_registers/{client_id}',
		operationId: 'upsertCashRegister',
		body: 'required',
		handle: ({ state, params, body }) => json(upsertCashRegister(state, params.client_id, body)),
	},
	{
		method: 'GET',
		path: '/cash_registers/{client_id}',
		operationId: 'retrieveCashRegister',
		handle: ({ state, params, query }) => json(getCashRegister(state, params.client_id, query)),
	},
	{
		method: 'GET',
		path: '/cash_registers',
		operationId: 'listCashRegisters',
		handle: ({ state, query }) => json(listCashRegisters(state, query)),
	},
	{
		method: 'PUT',
		path: '/vat_definitions/{vat_definition_export_id}',
		operationId: 'upsertVatDefinition',
		body: 'required',
		handle: ({ state, params, body }) =>
			json(upsertVatDefinition(state, params.vat_definition_export_id, body)),
	},
	{
		method: 'GET',
		path: '/vat_definitions/{vat_definition_export_id}',
		operationId: 'retrieveVatDefinition',
		handle: ({ state, params, query }) =>
			json(getVatDefinition(state, params.vat_definition_export_id, query)),
	},
	{
		method: 'GET',
		path: '/vat_definitions',
		operationId: 'listVatDefinitions',
		handle: ({ state, query }) => json(listVatDefinitions(state, query)),
	},
	{
		method: 'PUT',
		path: '/purchaser_agencies/{purchaser_agency_id}',
		operationId: 'upsertPurchaserAgency',
		body: 'required',
		handle: ({ state, params, body }) =>
			json(upsertPurchaserAgency(state, params.purchaser_agency_id, body)),
	},
	{
		method: 'GET',
		path: '/purchaser_agencies/{purchaser_agency_id}',
		operationId: 'retrievePurchaserAgency',
		handle: ({ state, params, query }) =>
			json(getPurchaserAgency(state, params.purchaser_agency_id, query)),
	},
	{
		method: 'GET',
		path: '/purchaser_agencies',
		operationId: 'listPurchaserAgencies',
		handle: ({ state, query }) => json(listPurchaserAgencies(state, query)),
	},
];

const closingRoutes: DsfinvkRoute[] = [
	{
		method: 'PUT',
		path: '/cash_point_closings/{closing_id}',
		operationId: 'insertCashPointClosing',
		body: 'required',
		bodyLimitBytes: CLOSING_BODY_LIMIT_BYTES,
		handle: ({ state, params, body }) => json(insertClosing(state, params.closing_id, body)),
	},
	{
		method: 'GET',
		path: '/cash_point_closings/{closing_id}',
		operationId: 'retrieveCashPointClosing',
		handle: ({ state, params }) => json(getClosing(state, params.closing_id)),
	},
	{
		method: 'GET',
		path: '/cash_point_closings/{closing_id}/details',
		operationId: 'retrieveCashPointClosingDetails',
		handle: ({ state, params }) => json(getClosingDetails(state, params.closing_id)),
	},
	{
		method: 'GET',
		path: '/cash_point_closings',
		operationId: 'listCashPointClosings',
		handle: ({ state, query }) => json(listClosings(state, query)),
	},
	{
		method: 'DELETE',
		path: '/cash_point_closings/{closing_id}',
		operationId: 'deleteCashPointClosing',
		handle: ({ state, params }) => json(deleteClosing(state, params.closing_id)),
	},
];

export const DSFINVK_ROUTES: readonly DsfinvkRoute[] = [
	...masterDataRoutes,
	...closingRoutes,
	...exportRoutes,
];
