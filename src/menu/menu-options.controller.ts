import { Body, Controller, Delete, Param, ParseUUIDPipe, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdminAuthGuard } from '@/common/admin-auth.guard.js';
import { ApiErrors, notFound, validationFailed } from '@/openapi/api-errors.js';
import { CreateMenuOptionDto, MenuItemDto, UpdateMenuOptionDto, UpdateOptionGroupDto } from './dto/menu-item.dto.js';
import { CREATE_OPTION_EXAMPLE, UPDATE_OPTION_EXAMPLE, UPDATE_OPTION_GROUP_EXAMPLE } from './dto/menu-item.examples.js';
import { CHOICE_EDIT_ANSWERS, DISH_AFTER_EDIT, minOverMax } from './menu-edit-answers.js';
import { MenuService } from './menu.service.js';

/**
 * A dish's groups of choices and their options, edited by their own ids (a group is added to a dish through
 * `POST /api/menu/{id}/option-groups`). Every answer is the whole dish as stored, and the edit reaches every replica.
 */
@ApiTags('menu')
@Controller('api')
@UseGuards(AdminAuthGuard)
@ApiBearerAuth()
export class MenuOptionsController {
  constructor(private readonly menu: MenuService) {}

  @Patch('menu-option-groups/:groupId')
  @ApiOperation({ operationId: 'updateOptionGroup', summary: 'Rename a group of choices or change how many may be chosen (admin)' })
  @ApiParam({ name: 'groupId', format: 'uuid', description: 'The group (from GET /api/menu)' })
  @ApiBody({ type: UpdateOptionGroupDto, examples: { fewer: { summary: 'At most three', value: UPDATE_OPTION_GROUP_EXAMPLE } } })
  @ApiOkResponse(DISH_AFTER_EDIT)
  @ApiErrors(validationFailed('minChoices must be an integer number'), minOverMax, notFound('Option group'), CHOICE_EDIT_ANSWERS)
  updateGroup(@Param('groupId', new ParseUUIDPipe()) groupId: string, @Body() dto: UpdateOptionGroupDto): Promise<MenuItemDto> {
    return this.menu.updateGroup(groupId, dto);
  }

  @Delete('menu-option-groups/:groupId')
  @ApiOperation({ operationId: 'deleteOptionGroup', summary: 'Remove a group of choices and its options; past orders keep theirs (admin)' })
  @ApiParam({ name: 'groupId', format: 'uuid', description: 'The group (from GET /api/menu)' })
  @ApiOkResponse(DISH_AFTER_EDIT)
  @ApiErrors(notFound('Option group'), CHOICE_EDIT_ANSWERS)
  removeGroup(@Param('groupId', new ParseUUIDPipe()) groupId: string): Promise<MenuItemDto> {
    return this.menu.removeGroup(groupId);
  }

  @Post('menu-option-groups/:groupId/options')
  @ApiOperation({ operationId: 'createOption', summary: 'Add an option to a group, after its others (admin)' })
  @ApiParam({ name: 'groupId', format: 'uuid', description: 'The group (from GET /api/menu)' })
  @ApiBody({ type: CreateMenuOptionDto, examples: { olives: { summary: 'A new topping', value: CREATE_OPTION_EXAMPLE } } })
  @ApiCreatedResponse(DISH_AFTER_EDIT)
  @ApiErrors(validationFailed('priceDeltaCents must be an integer number'), notFound('Option group'), CHOICE_EDIT_ANSWERS)
  addOption(@Param('groupId', new ParseUUIDPipe()) groupId: string, @Body() dto: CreateMenuOptionDto): Promise<MenuItemDto> {
    return this.menu.addOption(groupId, dto);
  }

  @Patch('menu-options/:optionId')
  @ApiOperation({ operationId: 'updateOption', summary: 'Edit an option, or mark it run out (available: false) (admin)' })
  @ApiParam({ name: 'optionId', format: 'uuid', description: 'The option (from GET /api/menu)' })
  @ApiBody({ type: UpdateMenuOptionDto, examples: { runOut: { summary: 'Run out for today', value: UPDATE_OPTION_EXAMPLE } } })
  @ApiOkResponse(DISH_AFTER_EDIT)
  @ApiErrors(validationFailed('available must be a boolean value'), notFound('Option'), CHOICE_EDIT_ANSWERS)
  updateOption(@Param('optionId', new ParseUUIDPipe()) optionId: string, @Body() dto: UpdateMenuOptionDto): Promise<MenuItemDto> {
    return this.menu.updateOption(optionId, dto);
  }

  @Delete('menu-options/:optionId')
  @ApiOperation({ operationId: 'deleteOption', summary: 'Remove an option; past orders keep it as ordered (admin)' })
  @ApiParam({ name: 'optionId', format: 'uuid', description: 'The option (from GET /api/menu)' })
  @ApiOkResponse(DISH_AFTER_EDIT)
  @ApiErrors(notFound('Option'), CHOICE_EDIT_ANSWERS)
  removeOption(@Param('optionId', new ParseUUIDPipe()) optionId: string): Promise<MenuItemDto> {
    return this.menu.removeOption(optionId);
  }
}
