import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Sovereign-StorageContainerPrivate (checkov CKV_AZURE_34, trivy AZU-0007). */
export const StorageContainerPrivate = defineRule(
  {
    id: 'Sovereign-StorageContainerPrivate',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_storage_container` has `container_access_type` private (the default when absent).',
    appliesTo: ['azurerm_storage_container'],
  },
  function StorageContainerPrivate(container) {
    const access = container.attrs.container_access_type;
    return access === undefined || access === 'private' ? COMPLIANT : nonCompliant(`container_access_type is ${access}: anonymous reads; use private`);
  },
);
