import { account } from './account';
import { invalidParameter, notFound } from './envelope';
import { positiveInteger } from './query';
import type { Route } from './routes';
import type { ProductSeed } from './seed';

export function knownProduct(url: URL): ProductSeed {
  const productId = positiveInteger(url, 'productId');
  const product = account.product(productId);
  if (!product) throw notFound(`productId ${productId} is not a product this account can order`);
  return product;
}

/** [RECON] shape. Plan and service IDs go out as raw JSON integers: the worst case a client must survive. */
function purchaseProductInfo(url: URL) {
  const product = knownProduct(url);
  if (product.perDevice) {
    const productNo = url.searchParams.get('productNo');
    if (!productNo) {
      throw invalidParameter(
        'productNo',
        'required',
        `productNo is required for product ${product.productId}`,
      );
    }
    if (!account.instance(product.productId, productNo)) {
      throw notFound(
        `productNo ${productNo} is not a device of this account for product ${product.productId}`,
      );
    }
  }
  return {
    offeringId: String(3048500000000000000n + BigInt(product.productId)),
    productId: product.productId,
    productName: product.name,
    planList: product.plans.map((p) => ({ planId: BigInt(p.id), name: p.name, purchaseType: 'purchase' })),
    serviceList: product.services.map((s) => ({
      serviceId: BigInt(s.id),
      name: s.name,
      purchaseType: 'purchase',
    })),
  };
}

export const catalogRoutes: Route[] = [
  {
    method: 'GET',
    path: '/pricing/openapi/purchase/v1/product_list',
    handle: () => account.products.map((p) => ({ name: p.name, productId: p.productId })),
  },
  {
    method: 'GET',
    path: '/pricing/openapi/purchase/v1/purchase_product_info',
    handle: ({ url }) => purchaseProductInfo(url),
  },
];
