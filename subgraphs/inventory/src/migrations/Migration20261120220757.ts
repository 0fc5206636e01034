import { Migration } from '@mikro-orm/migrations';

export class Migration20261120220757 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "stock_levels" ("product_id" uuid not null, "quantity_in_stock" int not null default 0, "reorder_point" int not null default 0, "unit_cost" numeric(10,2) null, "supplier" text null, "last_restocked_at" timestamptz null, "needs_reorder" boolean generated always as (quantity_in_stock <= reorder_point) stored null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "stock_levels_pkey" primary key ("product_id"), constraint stock_levels_quantity_non_negative_check check (quantity_in_stock >= 0), constraint stock_levels_reorder_point_non_negative_check check (reorder_point >= 0), constraint stock_levels_unit_cost_non_negative_check check (unit_cost >= 0));`);
    this.addSql(`create index "stock_levels_low_stock_index" on "stock_levels" ("needs_reorder", "quantity_in_stock", "product_id");`);

    this.addSql(`create table "stock_movements" ("id" uuid not null, "product_id" uuid not null, "delta" int not null, "quantity_after" int not null, "kind" text check ("kind" in ('SET', 'RESTOCK', 'ADJUSTMENT')) not null, "reason" text not null, "actor_id" uuid not null, "created_at" timestamptz not null default now(), constraint "stock_movements_pkey" primary key ("id"), constraint stock_movements_quantity_after_check check (quantity_after >= 0));`);
    this.addSql(`create index "stock_movements_level_created_index" on "stock_movements" ("product_id", "created_at", "id");`);

    this.addSql(`alter table "stock_movements" add constraint "stock_movements_product_id_foreign" foreign key ("product_id") references "stock_levels" ("product_id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_movements" drop constraint "stock_movements_product_id_foreign";`);

    this.addSql(`drop table if exists "stock_levels" cascade;`);

    this.addSql(`drop table if exists "stock_movements" cascade;`);
  }

}
