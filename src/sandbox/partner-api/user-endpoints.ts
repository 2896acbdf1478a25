import { account } from './account';
import { notFound } from './envelope';
import type { Route } from './routes';

export const userRoutes: Route[] = [
  {
    method: 'GET',
    path: '/user/openapi/user/v1/client/billing_contact_list',
    handle: () => account.contacts,
  },
  {
    method: 'GET',
    path: '/user/openapi/user/v1/client/partner_list',
    handle: () => account.users,
  },
  {
    method: 'GET',
    path: /^\/user\/openapi\/user\/v1\/subordinate_user\/([^/]+)$/,
    handle: ({ params: [id = ''] }) => {
      const user = account.user(id);
      if (!user) throw notFound(`partnerId ${id} is not a subordinate user of this account`);
      return user;
    },
  },
];
