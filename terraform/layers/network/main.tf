module "network" {
  source = "../../modules/network"

  project                 = var.project
  environment             = var.environment
  vpc_cidr                = var.vpc_cidr
  azs                     = var.azs
  public_subnet_cidrs     = var.public_subnet_cidrs
  private_subnet_cidrs    = var.private_subnet_cidrs
  single_nat_gateway      = var.single_nat_gateway
  interface_endpoints     = var.interface_endpoints
  flow_log_retention_days = var.flow_log_retention_days
}
