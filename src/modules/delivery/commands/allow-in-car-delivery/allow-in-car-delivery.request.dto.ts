import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class AllowInCarDeliveryRequestDto extends CommandRequestDto {}
