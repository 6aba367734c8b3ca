/**
 * True when A and B are the same type: each assignable to the other, optional keys included (plain assignability
 * lets a type with an extra optional key pass). Used to pin a schema to the plain type a module publishes, so the
 * published declarations need not name the schema library: `true satisfies SameType<z.output<typeof s>, Declared>;`
 */
export type SameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
