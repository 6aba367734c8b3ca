/** A value whose optional fields K a reader vouches for: `Known<HeldNumber, "owner">` is a held number whose owner is read. */
export type Known<T, K extends keyof T> = T & Required<Pick<T, K>>;
