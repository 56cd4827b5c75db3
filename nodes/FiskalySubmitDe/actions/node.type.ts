/** Operation values per resource, exactly as stored in workflows. */
export type FiskalySubmitDeMap = {
	taxpayer: 'set' | 'get';
	establishment: 'upsert' | 'get' | 'getAll' | 'decommission';
	clientAdditionalData: 'set' | 'get';
	submission:
		| 'notifyTaxOffice'
		| 'create'
		| 'get'
		| 'getAll'
		| 'download'
		| 'startTransmission'
		| 'cancelTransmission';
};

export type FiskalySubmitDeResource = keyof FiskalySubmitDeMap;
