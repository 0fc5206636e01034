import { Migration } from '@mikro-orm/migrations';

export class Migration20261120223047 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "stock_levels" add column "discontinued_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "stock_levels" drop column "discontinued_at";`);
  }

}
