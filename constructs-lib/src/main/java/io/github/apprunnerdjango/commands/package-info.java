/**
 * Django management commands on Amazon ECS (Fargate) for a service of this library, App Runner's or
 * Express Mode's: {@link io.github.apprunnerdjango.commands.DjangoCommands} runs the service's image with
 * the service's variables and secrets in the service's subnets, on EventBridge Scheduler schedules
 * ({@link io.github.apprunnerdjango.commands.ScheduledCommand}) or once from the command line its
 * outputs print, and gives the metrics of failed tasks and failed schedules.
 */
package io.github.apprunnerdjango.commands;
