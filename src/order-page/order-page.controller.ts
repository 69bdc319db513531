import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NotFoundError } from '@/common/domain-error.js';
import { restaurantConfig } from '@/config/restaurant.config.js';
import { OrdersService } from '@/orders/orders.service.js';
import { ORDER_PAGE_CSP, orderNotFoundPage, orderPage } from './order-page.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The page Stripe Checkout sends a customer to after paying or giving up (success_url and cancel_url): HTML for a
 * phone, not the API's JSON. The order id in the URL is a random UUID, known only to whoever got the link, so it
 * shows no other order; a malformed or unknown id is the same 404 page. Outside the API document, like the
 * dashboard's pages.
 */
@ApiExcludeController()
@Controller('orders')
export class OrderPageController {
  private readonly restaurantName: string;

  constructor(
    private readonly orders: OrdersService,
    @Inject(restaurantConfig.KEY) restaurant: ConfigType<typeof restaurantConfig>,
  ) {
    this.restaurantName = restaurant.name;
  }

  @Get(':id')
  async show(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    reply.header('Cache-Control', 'no-store');
    reply.header('Content-Security-Policy', ORDER_PAGE_CSP);
    reply.header('X-Frame-Options', 'DENY');
    reply.type('text/html; charset=utf-8');
    const order = UUID.test(id) ? await this.orders.findById(id).catch(notFoundAsNull) : null;
    if (!order) reply.code(404).send(orderNotFoundPage(this.restaurantName));
    else reply.send(orderPage(this.restaurantName, order));
  }
}

function notFoundAsNull(err: unknown): null {
  if (err instanceof NotFoundError) return null;
  throw err;
}
