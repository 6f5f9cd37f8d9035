import { applyDecorators, Controller, HttpCode, Injectable, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';

import type { DeliveryCommand } from '../../domain/delivery/delivery.commands.js';
import {
  DELIVERY_COMMAND_ROLES,
  type RoutedDeliveryCommand,
} from '../../domain/delivery/command-roles.js';
import type { Instant } from '../../domain/shared/instant.js';
import { ApiCommandResponses } from '../../http/api-responses.js';
import type { CommandRequest } from '../../http/command-request.js';
import { type CommandResponse, commandResponse } from '../../http/command-response.js';
import { Roles } from '../auth/roles.decorator.js';
import { CommandPipeline } from '../streams/command-pipeline.js';
import { deliveryStream } from './delivery.stream.js';
import type { CommandBody } from '../streams/stream-kind.js';

/** Every delivery command controller: under `v1/deliveries`, tagged `deliveries` in the API description. */
export const DeliveryCommandController = () =>
  applyDecorators(ApiTags('deliveries'), Controller('v1/deliveries'));

export interface DeliveryCommandRouteOptions {
  /** Below `v1/deliveries`; none for the command that creates the delivery. */
  readonly path?: string;
  readonly summary: string;
  /** The command it carries: who may ask for it is `DELIVERY_COMMAND_ROLES`. */
  readonly command: RoutedDeliveryCommand;
  /** The command creates the delivery: 201. */
  readonly created?: boolean;
}

/** A delivery command route: a POST for the roles its command allows, answering a `CommandResponse`. */
export const DeliveryCommandRoute = ({
  path,
  summary,
  command,
  created = false,
}: DeliveryCommandRouteOptions) =>
  applyDecorators(
    Post(path),
    HttpCode(created ? 201 : 200),
    Roles(...DELIVERY_COMMAND_ROLES[command]),
    ApiOperation({ summary }),
    ApiCommandResponses(created),
  );

/** A delivery command as a route names it, with the key that makes its retries idempotent. */
export type DeliveryCommandRequest = CommandBody<DeliveryCommand> & {
  /** Made of ids the caller chose (`grant:{grantId}`): a retry without Idempotency-Key stores nothing new. */
  readonly naturalKey?: string;
};

/** What every delivery command route does with its command: the pipeline on the delivery stream, then the answer. */
@Injectable()
export class DeliveryCommands {
  constructor(private readonly pipeline: CommandPipeline) {}

  async run(
    deliveryId: string,
    request: CommandRequest,
    occurredAt: Instant | undefined,
    { naturalKey, ...command }: DeliveryCommandRequest,
  ): Promise<CommandResponse> {
    return commandResponse(
      await this.pipeline.handle(deliveryStream, {
        id: deliveryId,
        request,
        occurredAt,
        naturalKey,
        command,
      }),
    );
  }
}
