import { OutboxEventSchema } from '@marquee/platform';
import { StockLevelSchema } from './StockLevel.js';
import { StockMovementSchema } from './StockMovement.js';

export const entities = [StockLevelSchema, StockMovementSchema, OutboxEventSchema];
