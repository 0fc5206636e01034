import { isUuid, notFound, querySubgraph, serviceUnavailable, subgraphPolicy, type Logger, type SubgraphAnswer } from '@marquee/platform';

const PRODUCT_QUERY = 'query InventoryProductCheck($id: ID!) { product(id: $id) { id } }';


export interface CatalogClientOptions {
  url: string;
  routerSecret: string;
  timeoutMs: number;
  logger: Logger;
}

/**
 * Asks catalog whether a product exists before inventory stocks it. Catalog only answers the
 * router, so the call carries the router's secret; a slow or absent catalog fails the check
 * (and with it the mutation) instead of letting stock appear for an unknown product.
 */
export class CatalogClient {
  constructor(private readonly options: CatalogClientOptions) {
    // The breaker exists (closed) from the start: inventory's /ready shows it before the first check.
    subgraphPolicy({ ...options, caller: 'inventory', target: 'catalog' });
  }

  async requireProduct(productId: string, requestId: string): Promise<void> {
    if (!isUuid(productId)) throw notFound('The catalog has no product with this id.');
    let body: SubgraphAnswer<{ product: { id: string } | null }>;
    try {
      body = await querySubgraph({ ...this.options, caller: 'inventory', target: 'catalog' }, { query: PRODUCT_QUERY, variables: { id: productId }, requestId });
      if (body.errors?.length || !body.data) throw new Error(`catalog answered errors: ${JSON.stringify(body.errors)}`);
    } catch (error) {
      this.options.logger.warn('catalog product check failed', { requestId, productId, error });
      throw serviceUnavailable('The catalog could not be reached to check this product, so nothing was changed. Please try again.');
    }
    if (!body.data.product) throw notFound('The catalog has no product with this id.');
  }
}
