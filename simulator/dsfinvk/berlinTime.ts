// Local time in Germany (Europe/Berlin), as DSFinV-K writes date-times (ISO 8601 local time without
// offset, REFERENCE §9.2, §10.3 [INFERRED: the zone of the export]). EU summer time: from the last Sunday
// of March 01:00 UTC to the last Sunday of October 01:00 UTC (UTC+2), otherwise UTC+1.

function lastSundayUtc(year: number, month: number): number {
	const lastDay = new Date(Date.UTC(year, month + 1, 0));
	return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1) / 1000;
}

/** Summer time [start, end) per year, computed once (exports format many times of few years). */
const summerTimes = new Map<number, [number, number]>();

/** Offset of German local time from UTC at `unix` seconds: 3600 or 7200. */
export function berlinOffsetSeconds(unix: number): number {
	const year = new Date(unix * 1000).getUTCFullYear();
	let summer = summerTimes.get(year);
	if (!summer) {
		summer = [lastSundayUtc(year, 2), lastSundayUtc(year, 9)];
		summerTimes.set(year, summer);
	}
	return unix >= summer[0] && unix < summer[1] ? 7200 : 3600;
}

/** `YYYY-MM-DDThh:mm:ss` in German local time. */
export function berlinDateTime(unix: number): string {
	return new Date((unix + berlinOffsetSeconds(unix)) * 1000).toISOString().slice(0, 19);
}

/** `YYYY-MM-DD` in German local time. */
export function berlinDate(unix: number): string {
	return berlinDateTime(unix).slice(0, 10);
}

/** Unix seconds of `YYYY-MM-DD` 23:59:59 German local time. */
export function endOfBerlinDay(date: string): number {
	const utc = Date.parse(`${date}T23:59:59Z`) / 1000;
	return utc - berlinOffsetSeconds(utc - 3600);
}
