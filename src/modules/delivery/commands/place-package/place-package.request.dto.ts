import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { IsLedgerId } from '../../dto/validation.js';
import { PackagePhotoDto } from '../../dto/package-photo.dto.js';
import { Type } from 'class-transformer';
import { CommandRequestDto } from '../../dto/command-request.dto.js';

export class PlacePackageRequestDto extends CommandRequestDto {
  @IsLedgerId('p-77')
  packageId: string;

  @ApiProperty({ type: PackagePhotoDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => PackagePhotoDto)
  photo: PackagePhotoDto;
}
