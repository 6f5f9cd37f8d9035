import { Module } from '@nestjs/common';

import { CommandPipeline } from './command-pipeline.js';

/** The one command pipeline every stream kind's commands go through. */
@Module({ providers: [CommandPipeline], exports: [CommandPipeline] })
export class CommandPipelineModule {}
