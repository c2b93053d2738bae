export { changeCalendarService, ChangeCalendarModule } from './change-calendar.service';
export { ChangeCalendar } from './change-calendar';
export { changeCalendarConfigSchema, type ChangeCalendarConfig } from './config';
