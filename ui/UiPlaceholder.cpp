// replaced as views land
