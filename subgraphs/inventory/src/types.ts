/** A catalog product as inventory knows it: by id only; the router fills in the rest from catalog. */
export interface ProductReference {
  id: string;
}

/** An auth user as inventory knows it: the id of whoever changed a stock level. */
export interface UserReference {
  id: string;
}
