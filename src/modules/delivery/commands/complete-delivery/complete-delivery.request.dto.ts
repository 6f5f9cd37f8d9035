import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class CompleteDeliveryRequestDto extends CommandRequestDto {}
