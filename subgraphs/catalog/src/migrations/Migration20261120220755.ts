import { Migration } from '@mikro-orm/migrations';

export class Migration20261120220755 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "categories" ("id" uuid not null, "name" text not null, "slug" text not null, "description" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "categories_pkey" primary key ("id"), constraint categories_name_length_check check (char_length(name) >= 1 and char_length(name) <= 200), constraint categories_slug_format_check check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'));`);
    this.addSql(`alter table "categories" add constraint "categories_slug_unique" unique ("slug");`);

    this.addSql(`create table "products" ("id" uuid not null, "name" text not null, "description" text null, "price" numeric(10,2) not null, "category_id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "products_pkey" primary key ("id"), constraint products_name_length_check check (char_length(name) >= 1 and char_length(name) <= 200), constraint products_price_positive_check check (price > 0));`);
    this.addSql(`create index "products_name_index" on "products" ("name", "id");`);
    this.addSql(`create index "products_category_name_index" on "products" ("category_id", "name", "id");`);

    this.addSql(`alter table "products" add constraint "products_category_id_foreign" foreign key ("category_id") references "categories" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "products" drop constraint "products_category_id_foreign";`);

    this.addSql(`drop table if exists "categories" cascade;`);

    this.addSql(`drop table if exists "products" cascade;`);
  }

}
