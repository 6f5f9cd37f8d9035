import { IsLedgerId } from '../../dto/validation.js';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class RequestLockRequestDto extends CommandRequestDto {
  @IsLedgerId('cmd-lock-1')
  commandId: string;
}
