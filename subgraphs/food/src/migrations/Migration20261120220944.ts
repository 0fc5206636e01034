import { Migration } from '@mikro-orm/migrations';

export class Migration20261120220944 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "restaurants" ("id" uuid not null, "name" text not null, "address" text not null, "phone" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "restaurants_pkey" primary key ("id"));`);
    this.addSql(`create index "restaurants_name_index" on "restaurants" ("name", "id");`);

    this.addSql(`create table "orders" ("id" uuid not null, "user_id" uuid not null, "restaurant_id" uuid not null, "status" text check ("status" in ('PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'DELIVERED', 'CANCELLED')) not null default 'PENDING', "total" numeric(12,2) not null, "booking_id" uuid null, "idempotency_key" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "orders_pkey" primary key ("id"), constraint orders_total_check check (total >= 0));`);
    this.addSql(`create index "orders_user_created_index" on "orders" ("user_id", "created_at", "id");`);
    this.addSql(`create index "orders_restaurant_created_index" on "orders" ("restaurant_id", "created_at", "id");`);
    this.addSql(`alter table "orders" add constraint "orders_user_idempotency_key_unique" unique ("user_id", "idempotency_key");`);

    this.addSql(`create table "food_categories" ("id" uuid not null, "restaurant_id" uuid not null, "name" text not null, "description" text null, "created_at" timestamptz not null default now(), constraint "food_categories_pkey" primary key ("id"));`);
    this.addSql(`alter table "food_categories" add constraint "food_categories_restaurant_name_unique" unique ("restaurant_id", "name");`);

    this.addSql(`create table "menu_items" ("id" uuid not null, "restaurant_id" uuid not null, "category_id" uuid null, "name" text not null, "description" text null, "price" numeric(10,2) not null, "available" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "menu_items_pkey" primary key ("id"), constraint menu_items_price_check check (price >= 0));`);
    this.addSql(`create index "menu_items_restaurant_index" on "menu_items" ("restaurant_id");`);

    this.addSql(`create table "order_lines" ("id" uuid not null, "order_id" uuid not null, "position" int not null, "menu_item_id" uuid not null, "name" text not null, "quantity" int not null, "unit_price" numeric(10,2) not null, constraint "order_lines_pkey" primary key ("id"), constraint order_lines_quantity_check check (quantity >= 1 and quantity <= 20), constraint order_lines_unit_price_check check (unit_price >= 0));`);
    this.addSql(`alter table "order_lines" add constraint "order_lines_order_position_unique" unique ("order_id", "position");`);

    this.addSql(`alter table "orders" add constraint "orders_restaurant_id_foreign" foreign key ("restaurant_id") references "restaurants" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "food_categories" add constraint "food_categories_restaurant_id_foreign" foreign key ("restaurant_id") references "restaurants" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "menu_items" add constraint "menu_items_restaurant_id_foreign" foreign key ("restaurant_id") references "restaurants" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "menu_items" add constraint "menu_items_category_id_foreign" foreign key ("category_id") references "food_categories" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "order_lines" add constraint "order_lines_order_id_foreign" foreign key ("order_id") references "orders" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_lines" add constraint "order_lines_menu_item_id_foreign" foreign key ("menu_item_id") references "menu_items" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "orders" drop constraint "orders_restaurant_id_foreign";`);

    this.addSql(`alter table "food_categories" drop constraint "food_categories_restaurant_id_foreign";`);

    this.addSql(`alter table "menu_items" drop constraint "menu_items_restaurant_id_foreign";`);

    this.addSql(`alter table "order_lines" drop constraint "order_lines_order_id_foreign";`);

    this.addSql(`alter table "menu_items" drop constraint "menu_items_category_id_foreign";`);

    this.addSql(`alter table "order_lines" drop constraint "order_lines_menu_item_id_foreign";`);

    this.addSql(`drop table if exists "restaurants" cascade;`);

    this.addSql(`drop table if exists "orders" cascade;`);

    this.addSql(`drop table if exists "food_categories" cascade;`);

    this.addSql(`drop table if exists "menu_items" cascade;`);

    this.addSql(`drop table if exists "order_lines" cascade;`);
  }

}
