import { isUuid, notFound, REQUEST_ID_HEADER, ROUTER_SECRET_HEADER, serviceUnavailable, type Logger } from '@marquee/platform';

const PRODUCT_QUERY = 'query InventoryProductCheck($id: ID!) { product(id: $id) { id } }';

interface ProductCheckResponse {
  data?: { product: { id: string } | null } | null;
  errors?: unknown[];
}

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
  constructor(private readonly options: CatalogClientOptions) {}

  async requireProduct(productId: string, requestId: string): Promise<void> {
    if (!isUuid(productId)) throw notFound('The catalog has no product with this id.');
    let body: ProductCheckResponse;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ROUTER_SECRET_HEADER]: this.options.routerSecret,
          [REQUEST_ID_HEADER]: requestId,
        },
        body: JSON.stringify({ query: PRODUCT_QUERY, variables: { id: productId } }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      if (!response.ok) throw new Error(`catalog answered HTTP ${response.status}`);
      body = (await response.json()) as ProductCheckResponse;
      if (body.errors?.length || !body.data) throw new Error(`catalog answered errors: ${JSON.stringify(body.errors)}`);
    } catch (error) {
      this.options.logger.warn('catalog product check failed', { requestId, productId, error });
      throw serviceUnavailable('The catalog could not be reached to check this product, so nothing was changed. Please try again.');
    }
    if (!body.data.product) throw notFound('The catalog has no product with this id.');
  }
}
