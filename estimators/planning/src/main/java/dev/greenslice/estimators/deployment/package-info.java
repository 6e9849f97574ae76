/**
 * Predicting a deployment's carbon: {@link dev.greenslice.estimators.deployment.DeploymentModel} applies the
 * meter's formulas to predicted energy and time for one GPU ({@link dev.greenslice.estimators.deployment.GpuDeployment})
 * and its tenants ({@link dev.greenslice.carbon.plan.TenantDemand}): each tenant's serving, the GPU's energy
 * with its idle baseline, operational and embodied carbon
 * ({@link dev.greenslice.estimators.deployment.DeploymentEstimate},
 * {@link dev.greenslice.estimators.deployment.TenantEstimate}).
 *
 * <p><b>Units:</b> joules, watts, seconds, grams of CO2e, SM clocks in MHz. <b>Thread-safety:</b> immutable and
 * thread-safe.
 */
package dev.greenslice.estimators.deployment;
