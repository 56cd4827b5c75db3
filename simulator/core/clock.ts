// The simulator's one notion of time: a clock in milliseconds that tests can move forward.

export type Clock = () => number;

/** Unix time in whole seconds, as the fiskaly APIs use it. */
export function unixSeconds(clock: Clock): number {
	return Math.floor(clock() / 1000);
}
