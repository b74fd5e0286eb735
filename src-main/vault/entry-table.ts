/**
 * The unlocked entries, kept per shard (see vault-file.ts). Editing copies only the shards it touches
 * (copy-on-write), so changing one entry among 10,000 copies one small map instead of all of them, and the shards
 * an edit touched are exactly the ones to seal again.
 */
import { SHARD_COUNT, shardOf } from './vault-file';

export class EntryTable<E> {
  readonly #shards: readonly ReadonlyMap<string, E>[];
  readonly size: number;

  private constructor(shards: readonly ReadonlyMap<string, E>[]) {
    this.#shards = shards;
    this.size = shards.reduce((n, s) => n + s.size, 0);
  }

  static empty<E>(): EntryTable<E> {
    return new EntryTable<E>(Array.from({ length: SHARD_COUNT }, () => new Map<string, E>()));
  }

  get(id: string): E | undefined {
    return this.#shards[shardOf(id)]?.get(id);
  }

  has(id: string): boolean {
    return this.#shards[shardOf(id)]?.has(id) ?? false;
  }

  *values(): IterableIterator<E> {
    for (const shard of this.#shards) yield* shard.values();
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.#shards) yield* shard.keys();
  }

  shard(index: number): Iterable<E> {
    return (this.#shards[index] as ReadonlyMap<string, E>).values();
  }

  /** A draft to change; `done()` gives the new table (this one is left as it was) and the shards touched. */
  edit(): EntryDraft<E> {
    return new EntryDraft(this.#shards, (shards) => new EntryTable(shards));
  }
}

export class EntryDraft<E> {
  readonly #shards: ReadonlyMap<string, E>[];
  readonly #copied = new Set<number>();
  readonly #make: (shards: readonly ReadonlyMap<string, E>[]) => EntryTable<E>;

  constructor(shards: readonly ReadonlyMap<string, E>[], make: (shards: readonly ReadonlyMap<string, E>[]) => EntryTable<E>) {
    this.#shards = [...shards];
    this.#make = make;
  }

  #writable(id: string): Map<string, E> {
    const i = shardOf(id);
    if (!this.#copied.has(i)) {
      this.#shards[i] = new Map(this.#shards[i]);
      this.#copied.add(i);
    }
    return this.#shards[i] as Map<string, E>;
  }

  get(id: string): E | undefined {
    return this.#shards[shardOf(id)]?.get(id);
  }

  has(id: string): boolean {
    return this.#shards[shardOf(id)]?.has(id) ?? false;
  }

  set(id: string, entry: E): this {
    this.#writable(id).set(id, entry);
    return this;
  }

  delete(id: string): boolean {
    return this.has(id) && this.#writable(id).delete(id);
  }

  done(): { table: EntryTable<E>; dirty: ReadonlySet<number> } {
    return { table: this.#make(this.#shards), dirty: new Set(this.#copied) };
  }
}
