import { account } from './account';
import { knownProduct } from './catalog-endpoints';
import { notFound } from './envelope';
import { paginate, requiredText } from './query';
import type { Route } from './routes';
import type { InstanceSeed } from './seed';

/** Product_Info: the documented fields, then [RECON] the current plan/service, count and billing cycle a renewal needs. */
function productInfo(instance: InstanceSeed, productName: string) {
  return {
    instanceId: instance.instanceId,
    productId: instance.productId,
    productName,
    productNo: instance.productNo,
    activationStatus: instance.activationStatus,
    activationCode: instance.activationCode,
    comment: instance.comment,
    planId: instance.planId,
    serviceId: instance.serviceId,
    quantity: instance.quantity,
    billingCycle: instance.billingCycle,
    assignId: instance.owner,
    createTime: instance.createTime,
    expireTime: instance.expireTime,
  };
}

function knownInstance(url: URL): { instance: InstanceSeed; productName: string } {
  const product = knownProduct(url);
  const productNo = requiredText(url, 'productNo');
  const instance = account.instance(product.productId, productNo);
  if (!instance) throw notFound(`productNo ${productNo} is not an instance of product ${product.productId}`);
  return { instance, productName: product.name };
}

export const instanceRoutes: Route[] = [
  {
    method: 'GET',
    path: '/product/openapi/instance_product/v1/client/instance_product_list',
    handle: ({ url }) => {
      const product = knownProduct(url);
      const instances = account.instancesOf(product.productId).map((i) => productInfo(i, product.name));
      return paginate(url, instances);
    },
  },
  {
    method: 'GET',
    path: '/product/openapi/instance_product/v1/detail',
    handle: ({ url }) => {
      const { instance, productName } = knownInstance(url);
      // currentPlan / currentPlanExpireDate are only filled while a plan switch is pending.
      return { ...productInfo(instance, productName), currentPlan: '', currentPlanExpireDate: '' };
    },
  },
  {
    method: 'GET',
    path: '/product/openapi/instance/v1/product_model',
    handle: ({ url }) => {
      const { instance } = knownInstance(url);
      if (!instance.model) throw notFound(`productNo ${instance.productNo} is not a PBX`);
      return { productModel: instance.model };
    },
  },
];
